CREATE OR REPLACE TEMP TABLE ident_pid AS
SELECT n.ident, p.pid
FROM new_idents n JOIN pseudonymes p USING (empreinte)
