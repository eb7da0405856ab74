-- Tamga hub schema, version 1: a team's shared projects in one PostgreSQL database.
-- Applied by `tamga hub init` in one transaction; never edited once released (add 0002_…).
-- Members read through row-level security and write only through tamga.push, a function that
-- checks their role on the project: tables grant them SELECT and nothing else.

CREATE SCHEMA tamga;

CREATE TABLE tamga.hub (
    key   text PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE tamga.projects (
    id         text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 40),
    name       text NOT NULL,
    -- The last change set's number: handed out one by one, under the project row's lock.
    last_seq   bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by name NOT NULL
);

CREATE TABLE tamga.members (
    project text NOT NULL REFERENCES tamga.projects (id) ON DELETE CASCADE,
    member  name NOT NULL,
    role    text NOT NULL CHECK (role IN ('owner', 'coder', 'reader')),
    PRIMARY KEY (project, member)
);

-- Every change set taken in, by the id its sender gave it: sent twice, it is taken once.
CREATE TABLE tamga.change_sets (
    project   text NOT NULL REFERENCES tamga.projects (id) ON DELETE CASCADE,
    id        text NOT NULL,
    seq       bigint NOT NULL,
    pushed_by name NOT NULL,
    pushed_at timestamptz NOT NULL DEFAULT now(),
    row_count integer NOT NULL,
    PRIMARY KEY (project, id)
);

-- The latest version of every shared row (content NULL: deleted, kept as a tombstone so a
-- copy that was offline does not bring it back). `refs` names the rows it refers to.
CREATE TABLE tamga.rows (
    project text NOT NULL REFERENCES tamga.projects (id) ON DELETE CASCADE,
    kind    text NOT NULL,
    key     text NOT NULL,
    ref     text GENERATED ALWAYS AS (kind || ':' || key) STORED,
    seq     bigint NOT NULL,
    content text,
    refs    text[] NOT NULL DEFAULT '{}',
    author  name NOT NULL,
    PRIMARY KEY (project, kind, key)
);
CREATE INDEX rows_seq ON tamga.rows (project, seq);
CREATE INDEX rows_ref ON tamga.rows (project, ref);
CREATE INDEX rows_refs ON tamga.rows USING gin (refs);

-- The caller's role on a project, or NULL.
CREATE FUNCTION tamga.role_of(p text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT role FROM tamga.members WHERE project = p AND member = session_user
$$;

CREATE FUNCTION tamga.create_project(p_id text, p_name text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM tamga.projects WHERE id = p_id) THEN
        RAISE EXCEPTION USING ERRCODE = '23505',
            MESSAGE = format('the hub already has this project (%s)', p_id);
    END IF;
    INSERT INTO tamga.projects (id, name, created_by) VALUES (p_id, p_name, session_user);
    INSERT INTO tamga.members (project, member, role) VALUES (p_id, session_user, 'owner');
END
$$;

CREATE FUNCTION tamga.set_member(p text, who name, new_role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF tamga.role_of(p) IS DISTINCT FROM 'owner' THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'only an owner of the project can change who is a member';
    END IF;
    IF new_role IS NULL THEN
        DELETE FROM tamga.members WHERE project = p AND member = who;
        RETURN;
    END IF;
    IF new_role NOT IN ('owner', 'coder', 'reader') THEN
        RAISE EXCEPTION 'a member is an owner, a coder or a reader, not “%”', new_role;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = who) THEN
        RAISE EXCEPTION 'the database has no login “%”: ask its administrator to create it', who;
    END IF;
    INSERT INTO tamga.members (project, member, role) VALUES (p, who, new_role)
        ON CONFLICT (project, member) DO UPDATE SET role = excluded.role;
    EXECUTE format('GRANT tamga_member TO %I', who);
END
$$;

-- Takes in one change set: rows as a JSON array of {kind, key, content, refs, base}, where base
-- is the number of the change set that wrote the version the sender changed (0: new). All or
-- nothing: a row changed on the hub since its base, a row referring to one that is not on the
-- hub, or a deletion that would leave a row referring to nothing refuses the whole set.
CREATE FUNCTION tamga.push(p text, change_set text, rows_json text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    my_role  text := tamga.role_of(p);
    seen     bigint;
    next_seq bigint;
    problems text;
BEGIN
    IF my_role IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('“%s” is not a member of this project on the hub', session_user);
    END IF;
    IF my_role = 'reader' THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('“%s” may only read this project (role: reader)', session_user);
    END IF;
    -- One change set at a time per project, so numbers are handed out in commit order.
    SELECT last_seq INTO next_seq FROM tamga.projects WHERE id = p FOR UPDATE;
    SELECT seq INTO seen FROM tamga.change_sets WHERE project = p AND id = change_set;
    IF seen IS NOT NULL THEN
        RETURN seen;
    END IF;
    next_seq := next_seq + 1;

    DROP TABLE IF EXISTS pg_temp.incoming;
    CREATE TEMP TABLE incoming ON COMMIT DROP AS
        SELECT r.kind, r.key, r.kind || ':' || r.key AS ref, r.content,
               coalesce(r.refs, '{}') AS refs, coalesce(r.base, 0) AS base
        FROM jsonb_to_recordset(rows_json::jsonb)
             AS r(kind text, key text, content text, refs text[], base bigint);
    CREATE UNIQUE INDEX ON pg_temp.incoming (ref);
    ANALYZE pg_temp.incoming;

    SELECT string_agg(ref, ', ') INTO problems FROM (
        SELECT i.ref FROM pg_temp.incoming i
        LEFT JOIN tamga.rows h ON h.project = p AND h.kind = i.kind AND h.key = i.key
        WHERE coalesce(h.seq, 0) <> i.base LIMIT 20) q;
    IF problems IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'TG001', MESSAGE = 'changed on the hub since: ' || problems;
    END IF;

    SELECT string_agg(x, ', ') INTO problems FROM (
        SELECT i.ref || ' → ' || r AS x FROM pg_temp.incoming i, unnest(i.refs) AS r
        WHERE i.content IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM pg_temp.incoming j WHERE j.ref = r AND j.content IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM tamga.rows h
                          WHERE h.project = p AND h.ref = r AND h.content IS NOT NULL
                            AND NOT EXISTS (SELECT 1 FROM pg_temp.incoming j WHERE j.ref = r))
        LIMIT 20) q;
    IF problems IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'TG002', MESSAGE = 'refers to rows not on the hub: ' || problems;
    END IF;

    SELECT string_agg(x, ', ') INTO problems FROM (
        SELECT h.ref || ' → ' || i.ref AS x FROM pg_temp.incoming i
        JOIN tamga.rows h ON h.project = p AND h.refs @> ARRAY[i.ref] AND h.content IS NOT NULL
        WHERE i.content IS NULL
          AND NOT EXISTS (SELECT 1 FROM pg_temp.incoming j WHERE j.ref = h.ref)
        LIMIT 20) q;
    IF problems IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'TG002', MESSAGE = 'rows on the hub still refer to: ' || problems;
    END IF;

    INSERT INTO tamga.rows (project, kind, key, seq, content, refs, author)
        SELECT p, kind, key, next_seq, content, refs, session_user FROM pg_temp.incoming
        ON CONFLICT (project, kind, key) DO UPDATE
        SET seq = excluded.seq, content = excluded.content, refs = excluded.refs,
            author = excluded.author;
    UPDATE tamga.projects SET last_seq = next_seq WHERE id = p;
    INSERT INTO tamga.change_sets (project, id, seq, pushed_by, row_count)
        VALUES (p, change_set, next_seq, session_user, (SELECT count(*) FROM pg_temp.incoming));
    DROP TABLE pg_temp.incoming;
    -- Wakes listening copies; they read the rows themselves.
    PERFORM pg_notify('tamga_hub', p);
    RETURN next_seq;
END
$$;

-- Roles belong to the whole server: hubs initialised at the same time in two of its databases
-- may both try to create it, and the one that comes second takes the one made first.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tamga_member') THEN
        BEGIN
            CREATE ROLE tamga_member NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
END
$$;

REVOKE ALL ON SCHEMA tamga FROM PUBLIC;
GRANT USAGE ON SCHEMA tamga TO tamga_member;
REVOKE ALL ON ALL TABLES IN SCHEMA tamga FROM PUBLIC;
GRANT SELECT ON tamga.hub, tamga.projects, tamga.members, tamga.change_sets, tamga.rows TO tamga_member;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA tamga FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA tamga TO tamga_member;

ALTER TABLE tamga.projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE tamga.members ENABLE ROW LEVEL SECURITY;
ALTER TABLE tamga.change_sets ENABLE ROW LEVEL SECURITY;
ALTER TABLE tamga.rows ENABLE ROW LEVEL SECURITY;
CREATE POLICY members_read ON tamga.projects FOR SELECT USING (tamga.role_of(id) IS NOT NULL);
CREATE POLICY members_read ON tamga.members FOR SELECT USING (tamga.role_of(project) IS NOT NULL);
CREATE POLICY members_read ON tamga.change_sets FOR SELECT USING (tamga.role_of(project) IS NOT NULL);
CREATE POLICY members_read ON tamga.rows FOR SELECT USING (tamga.role_of(project) IS NOT NULL);

INSERT INTO tamga.hub (key, value) VALUES ('schema_version', '1');
