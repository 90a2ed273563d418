SELECT valeur FROM meta WHERE cle = $cle
