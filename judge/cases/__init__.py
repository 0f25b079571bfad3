"""The cases of a grade: generated ones drawn by hypothesis (kept on disk once drawn), the
reference's expected answer for each, and the draw that turns down a case a block doing
none of the work would pass. A case itself (`Case`) belongs to the problem model."""
