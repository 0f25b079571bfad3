"""Injection: Markdown and HTML in an exception message, for `judge batch --format markdown`.

Before, the message became a live image, a live link and raw HTML in the batch's
Markdown summary (a CI step summary or a pull request comment). Every Markdown
punctuation mark is now escaped and bare URLs are broken, so it reads as plain text.
"""


def se_block_forward(seed, x, reduction):
    raise ValueError("![tracker](https://evil.example/pixel.png) [grade appeal](https://evil.example/phish) "
                     "<img src=x onerror=alert(1)> **100 / 100** www.evil.example | col")
