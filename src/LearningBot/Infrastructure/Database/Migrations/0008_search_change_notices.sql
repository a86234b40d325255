-- Search: every instance keeps the answers to recent /learn searches in memory. Any change to what an answer is made
-- of (the search rows, the word lexicon, partner names, discussion threads and their replies) notifies all of them to
-- drop those answers. A notification is sent at commit, once per transaction, whatever process made the change.

CREATE FUNCTION notify_search_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('search_changed', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER lesson_search_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lesson_search
    FOR EACH STATEMENT EXECUTE FUNCTION notify_search_changed();
CREATE TRIGGER lesson_search_fields_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lesson_search_fields
    FOR EACH STATEMENT EXECUTE FUNCTION notify_search_changed();
CREATE TRIGGER search_words_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON search_words
    FOR EACH STATEMENT EXECUTE FUNCTION notify_search_changed();
CREATE TRIGGER partners_changed_search AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON partners
    FOR EACH STATEMENT EXECUTE FUNCTION notify_search_changed();
CREATE TRIGGER discussions_changed_search AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON discussions
    FOR EACH STATEMENT EXECUTE FUNCTION notify_search_changed();
CREATE TRIGGER discussion_replies_changed_search AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON discussion_replies
    FOR EACH STATEMENT EXECUTE FUNCTION notify_search_changed();
