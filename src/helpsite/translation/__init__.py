"""translation"""

EXCHANGE_FORMATS = ("xliff", "xliff2", "po")  # the files a translator's tool exchanges (translation.exchange)
