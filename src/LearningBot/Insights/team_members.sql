-- The sellers reporting to a manager, directly or not.
SELECT DISTINCT seller_id FROM seller_managers WHERE manager_email = lower(@team) ORDER BY seller_id
