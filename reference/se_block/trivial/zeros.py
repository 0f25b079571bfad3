"""A block that does none of the work: it returns zeros. A case it passes tests nothing."""


def se_block_forward(seed, x, reduction):
    return x.reshape(-1) * 0.0
