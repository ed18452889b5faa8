"""Evaluation: suites of questions over a corpus (seeds, MultiHop-RAG, your own), each in its own
index, scored for retrieval, answers, abstention, citations and latency (``runner.run_suite``)."""
