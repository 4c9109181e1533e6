"""Briefing exports: the map and its analysis as a diagram, a deck, a web page, a workbook."""
