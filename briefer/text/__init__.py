"""Text helpers every stage shares: words and stop words, dates, sentences, and the facts
(numbers, dates, names) a sentence states. Pure functions; no briefer state."""
