"""A block that does none of the work: it returns x unchanged. A case it passes tests nothing."""


def channel_attention_forward(seed, x, reduction):
    return x.reshape(-1)
