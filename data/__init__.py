"""Bundled sample workbooks (fictional people only), installed as ``influence.data``."""
