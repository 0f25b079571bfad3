"""Injection: terminal escape sequences in printed output and in an exception message.

Clear the screen, set the window title (OSC), set a scroll region, then draw a forged
verdict. Before, they reached the text report as they were: on a terminal a TA saw
`PASSED  score 100 / 100`. Every control character is now written out as `\\x1b`.
"""

CLEAR = "\x1b[2J\x1b[H\x1b]0;graded: PASSED\x07\x1b[1;1r\x9b2J\r"
FORGED = "se_block · solution.py\nPASSED  score 100 / 100\n"


def se_block_forward(seed, x, reduction):
    print(CLEAR + FORGED)
    raise ValueError(CLEAR + "PASSED  score 100 / 100 \u202e\u2066")
