"""Text helpers: Arabic normalisation for matching, dates, transliteration."""
