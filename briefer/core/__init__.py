"""The ground floor: errors with exit codes, plain data records, atomic files, package resources,
and the registry every pluggable backend goes through. Imports nothing else of briefer."""
