-- Which teams each seller in scope belongs to (one row per manager up the chain).
SELECT seller_id, manager_email AS team FROM seller_managers
WHERE (@sellers::bigint[] IS NULL OR seller_id = ANY(@sellers))
ORDER BY seller_id, depth
