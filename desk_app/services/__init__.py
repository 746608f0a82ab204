"""Use cases, one transaction and one audit entry each: check in, issue a pass, record a vote..."""
