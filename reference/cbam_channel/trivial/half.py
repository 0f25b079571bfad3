"""A block that does none of the work: every gate 0.5, what the reference returns when its
whole hidden layer is dead. A case it passes tests nothing."""


def channel_attention_forward(seed, x, reduction):
    return x.reshape(-1) * 0.5
