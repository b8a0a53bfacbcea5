-- claimdb schema: the one canonical definition of the SQLite tables, indexes,
-- constraints, full-text index and views. claimdb/models.py maps onto it
-- (tests/test_schema.py proves they agree); PostgreSQL gets the same tables from
-- those models (claimdb/db/store.py). Times are UTC ISO-8601 text; dates YYYY-MM-DD.

-- Anyone who speaks or is spoken about. parent_id defines the camp.
CREATE TABLE entity (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (trim(name) <> ''),
    key TEXT NOT NULL,                      -- normalize.normalize(name)
    kind TEXT NOT NULL DEFAULT 'organisation' CHECK (kind IN (
        'person', 'ministry', 'government', 'state', 'organisation', 'coalition',
        'armed_group', 'group', 'media', 'place')),
    parent_id INTEGER REFERENCES entity (id),
    created_at TEXT NOT NULL,
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX entity_key ON entity (key);
CREATE INDEX entity_parent ON entity (parent_id);

-- Other names of an entity, in any language and script.
CREATE TABLE alias (
    id INTEGER PRIMARY KEY,
    entity_id INTEGER NOT NULL REFERENCES entity (id),
    alias TEXT NOT NULL CHECK (trim(alias) <> ''),
    key TEXT NOT NULL,                      -- normalize.normalize(alias)
    UNIQUE (entity_id, key)
);
CREATE INDEX alias_key ON alias (key);

-- The members of a coalition (the seven signatories of a joint statement).
CREATE TABLE membership (
    coalition_id INTEGER NOT NULL REFERENCES entity (id),
    member_id INTEGER NOT NULL REFERENCES entity (id),
    PRIMARY KEY (coalition_id, member_id),
    CHECK (coalition_id <> member_id)
);
CREATE INDEX membership_member ON membership (member_id);

-- Where claims were published. reliability is the Admiralty code A-F.
CREATE TABLE source (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL CHECK (trim(title) <> ''),
    publisher TEXT,
    url TEXT,
    published_on TEXT CHECK (published_on IS NULL OR length(published_on) = 10),
    lang TEXT,
    text TEXT,
    sha256 TEXT,
    reliability TEXT CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
    created_at TEXT NOT NULL,
    CHECK ((text IS NULL) = (sha256 IS NULL))
);

-- One statement by one speaker about one target.
CREATE TABLE claim (
    id INTEGER PRIMARY KEY,
    speaker_id INTEGER NOT NULL REFERENCES entity (id),
    target_id INTEGER NOT NULL REFERENCES entity (id),
    text TEXT NOT NULL CHECK (trim(text) <> ''),
    quote TEXT,
    translation TEXT,
    lang TEXT,
    said_on TEXT CHECK (said_on IS NULL OR length(said_on) = 10),
    source_id INTEGER REFERENCES source (id),
    act TEXT NOT NULL DEFAULT 'asserts' CHECK (act IN (
        'asserts', 'denies', 'demands', 'concern', 'accuses')),
    location TEXT,
    topic TEXT,
    credibility INTEGER CHECK (credibility BETWEEN 1 AND 6),  -- Admiralty 1-6, set by the analyst
    search_key TEXT NOT NULL,               -- words, stems, written forms (FTS; text/stem.py)
    content_key TEXT UNIQUE,                -- stable key that makes loads and imports idempotent
    retracted_at TEXT,
    retraction_reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((retracted_at IS NULL) = (retraction_reason IS NULL))
);
CREATE INDEX claim_speaker ON claim (speaker_id, said_on);
CREATE INDEX claim_target ON claim (target_id, said_on);
CREATE INDEX claim_topic ON claim (topic, said_on);
CREATE INDEX claim_source ON claim (source_id);
CREATE INDEX claim_said_on ON claim (said_on);

-- Reported speech: the chain a claim reached us through, outermost first.
CREATE TABLE claim_via (
    claim_id INTEGER NOT NULL REFERENCES claim (id),
    position INTEGER NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES entity (id),
    PRIMARY KEY (claim_id, position)
);
CREATE INDEX claim_via_entity ON claim_via (entity_id);

-- A typed, reasoned relation between two claims. The pair is stored in order
-- (claim_a < claim_b): no self-link, and one live link per unordered pair.
-- Unlinking marks the row removed; it is never deleted.
CREATE TABLE link (
    id INTEGER PRIMARY KEY,
    claim_a INTEGER NOT NULL REFERENCES claim (id),
    claim_b INTEGER NOT NULL REFERENCES claim (id),
    relation TEXT NOT NULL CHECK (relation IN ('contradicts', 'supports')),
    note TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    removed_at TEXT,
    removed_by TEXT,
    CHECK (claim_a < claim_b)
);
CREATE UNIQUE INDEX link_pair ON link (claim_a, claim_b) WHERE removed_at IS NULL;
CREATE INDEX link_b ON link (claim_b);
-- "links touching these claims" (claim_a = ? OR claim_b = ?) needs a full index on each
-- side: SQLite's OR optimisation cannot use the partial link_pair. Schema version 2.
CREATE INDEX link_a ON link (claim_a);

-- A fact-checker's verdict on a claim, as a ClaimReview gives it. The review is a source
-- (its publisher, URL and date; its reliability is the analyst's to set); the rating is
-- the review's textual rating and, when it gives one, its value on the review's own scale
-- (worst..best). A verdict is neither the claim's standing (which links decide) nor the
-- analyst's credibility grade. Schema version 4.
CREATE TABLE verdict (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claim (id),
    source_id INTEGER NOT NULL REFERENCES source (id),
    rating TEXT NOT NULL CHECK (trim(rating) <> ''),
    rating_value REAL,
    best_rating REAL,
    worst_rating REAL,
    explanation TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (claim_id, source_id)
);
CREATE INDEX verdict_source ON verdict (source_id);

-- The append-only log of every change, written in the same transaction.
CREATE TABLE event (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    op TEXT NOT NULL,
    record TEXT NOT NULL,                   -- entity, alias, source, claim, link, import...
    row_id INTEGER,
    before TEXT,                            -- JSON
    after TEXT                              -- JSON
);
CREATE INDEX event_row ON event (record, row_id);
CREATE INDEX event_at ON event (at);

-- Full-text index (FTS5) over claim.search_key: the normalised words of text, quote and
-- translation, their light stems, and the Arabic words as written where normalising
-- changes them (claimdb/text/stem.py), so both claimdb's search and a search box that
-- does not normalise (Datasette's: غزة as typed) find them. Declared content="claim" so
-- that Datasette detects it. The triggers below are its only writer: every insert, edit
-- and delete of a claim, by claimdb or any SQLite client, keeps it in step. Version 3.
CREATE VIRTUAL TABLE claim_fts USING fts5 (
    search_key, content="claim", content_rowid="id"
);
CREATE TRIGGER claim_fts_insert AFTER INSERT ON claim BEGIN
    INSERT INTO claim_fts (rowid, search_key) VALUES (new.id, new.search_key);
END;
CREATE TRIGGER claim_fts_delete AFTER DELETE ON claim BEGIN
    INSERT INTO claim_fts (claim_fts, rowid, search_key) VALUES ('delete', old.id, old.search_key);
END;
CREATE TRIGGER claim_fts_update AFTER UPDATE OF search_key ON claim BEGIN
    INSERT INTO claim_fts (claim_fts, rowid, search_key) VALUES ('delete', old.id, old.search_key);
    INSERT INTO claim_fts (rowid, search_key) VALUES (new.id, new.search_key);
END;

-- Which versions of this schema have been applied.
CREATE TABLE schema_version (
    version INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
);

-- Views with names instead of ids, for reading the database without claimdb
-- (sqlite3 claims.db, Datasette). Added in schema version 2 (claimdb/db/migrations.py
-- creates them from these very statements).
CREATE VIEW entities_readable AS
SELECT e.id, e.name, e.kind, p.name AS parent
FROM entity e
LEFT JOIN entity p ON p.id = e.parent_id;

-- camp: the speaker's root ancestor (itself without a parent; none in a parent cycle,
-- which claimdb check reports). Schema version 3.
CREATE VIEW claims_readable AS
WITH RECURSIVE up (id, at, depth) AS (
    SELECT id, id, 0 FROM entity
    UNION ALL
    SELECT up.id, e.parent_id, up.depth + 1 FROM up JOIN entity e ON e.id = up.at
    WHERE e.parent_id IS NOT NULL AND up.depth < 64
), camp (id, name) AS (
    SELECT up.id, e.name FROM up JOIN entity e ON e.id = up.at WHERE e.parent_id IS NULL
)
SELECT c.id, sp.name AS speaker, camp.name AS camp, tg.name AS target, c.said_on, c.act,
       c.text, c.quote, c.translation, c.lang, c.topic, c.location, s.title AS source,
       s.url AS source_url, c.credibility, c.retracted_at, c.retraction_reason
FROM claim c
JOIN entity sp ON sp.id = c.speaker_id
LEFT JOIN camp ON camp.id = c.speaker_id
JOIN entity tg ON tg.id = c.target_id
LEFT JOIN source s ON s.id = c.source_id;

-- Live links only (an unlinked pair is left out), with both claims' speakers and texts.
CREATE VIEW links_readable AS
SELECT l.id, l.relation, l.claim_a, sa.name AS speaker_a, a.text AS text_a,
       l.claim_b, sb.name AS speaker_b, b.text AS text_b, l.note, l.created_at, l.created_by
FROM link l
JOIN claim a ON a.id = l.claim_a
JOIN entity sa ON sa.id = a.speaker_id
JOIN claim b ON b.id = l.claim_b
JOIN entity sb ON sb.id = b.speaker_id
WHERE l.removed_at IS NULL;
