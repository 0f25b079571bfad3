"""A block that does none of the work: it returns zeros. A case it passes tests nothing."""


def channel_attention_forward(seed, x, reduction):
    return x.reshape(-1) * 0.0
