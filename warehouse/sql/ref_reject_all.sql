-- A file rejected whole may be of another kind (accounts saved as schools):
-- none of its text is trusted.
UPDATE ref_checked SET rejet = $motif, _brut_sur = NULL
