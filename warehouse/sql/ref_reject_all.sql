UPDATE ref_checked SET rejet = $motif
