"""A block that does none of the work: it returns x unchanged. A case it passes tests nothing."""


def se_block_forward(seed, x, reduction):
    return x.reshape(-1)
