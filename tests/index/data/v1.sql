-- A database as cecat schema version 1 wrote it: the v1 schema (index/detail/schema.cc
-- kSchemaV1, frozen here) with one course (published rating 4.0 from 1 review, by
-- source acme) and one review of it seen only by source 'reviews'. Never regenerate
-- this from newer code: it stands for files already in the field.

CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO meta(key, value) VALUES('cursor', 0);

CREATE TABLE sources(
  id TEXT PRIMARY KEY,
  last_attempt INTEGER NOT NULL DEFAULT 0,
  last_success INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT ''
);

-- Response bodies, zlib-compressed, once per content hash (XXH3-128 of the raw body).
CREATE TABLE bodies(hash TEXT PRIMARY KEY, size INTEGER NOT NULL, data BLOB NOT NULL);
CREATE TABLE responses(
  url TEXT PRIMARY KEY,
  source_id TEXT NOT NULL,
  final_url TEXT NOT NULL,
  status INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  charset TEXT NOT NULL,
  etag TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  body_hash TEXT NOT NULL REFERENCES bodies(hash),
  links TEXT NOT NULL,
  fetched_at INTEGER NOT NULL
);
CREATE INDEX responses_by_source ON responses(source_id);
CREATE INDEX responses_by_body ON responses(body_hash);

-- One row per record id, whatever its status. `doc` is the fields as the last
-- writing source gave them; the other columns are derived for filters and sorting.
CREATE TABLE records(
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  url TEXT NOT NULL,
  status TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  cursor INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  doc TEXT NOT NULL,
  sources TEXT NOT NULL,
  provenance TEXT NOT NULL,
  match_key TEXT,
  title TEXT NOT NULL DEFAULT '',
  price REAL,
  free INTEGER NOT NULL DEFAULT 0,
  hours REAL,
  format TEXT,
  rating REAL,
  rating_count INTEGER,
  deadline TEXT
);
CREATE INDEX records_by_type ON records(type, id);
CREATE INDEX records_by_cursor ON records(cursor);
CREATE INDEX records_by_match_key ON records(match_key) WHERE match_key IS NOT NULL;

-- Per (record, source) lifecycle: SPEC.md "Lifecycle" counts misses per source.
CREATE TABLE memberships(
  rid INTEGER NOT NULL REFERENCES records(rid) ON DELETE CASCADE,
  source_id TEXT NOT NULL REFERENCES sources(id),
  status TEXT NOT NULL,
  missed INTEGER NOT NULL DEFAULT 0,
  page TEXT NOT NULL,
  last_seen INTEGER NOT NULL,
  PRIMARY KEY(rid, source_id)
) WITHOUT ROWID;
CREATE INDEX memberships_by_source ON memberships(source_id, status);
CREATE INDEX memberships_by_page ON memberships(source_id, page);

CREATE TABLE record_tags(
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  rid INTEGER NOT NULL REFERENCES records(rid) ON DELETE CASCADE,
  PRIMARY KEY(kind, value, rid)
) WITHOUT ROWID;
CREATE INDEX record_tags_by_rid ON record_tags(rid);

CREATE TABLE changes(
  cursor INTEGER PRIMARY KEY,
  record_id TEXT NOT NULL,
  type TEXT NOT NULL,
  op TEXT NOT NULL,
  status TEXT NOT NULL,
  at INTEGER NOT NULL
);

CREATE VIRTUAL TABLE records_fts USING fts5(
  title, description, presenters, provider, topics,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  command TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  status TEXT NOT NULL DEFAULT 'running'
);
CREATE TABLE source_runs(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  source_id TEXT NOT NULL,
  report TEXT NOT NULL,
  PRIMARY KEY(run_id, source_id)
);
CREATE TABLE rejects(
  id INTEGER PRIMARY KEY,
  run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
  source_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  url TEXT NOT NULL,
  reason TEXT NOT NULL,
  raw TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX rejects_by_run ON rejects(run_id);

UPDATE meta SET value = 2 WHERE key = 'cursor';
INSERT INTO sources(id,last_attempt,last_success,last_error) VALUES('acme',100,100,''),('reviews',100,100,'');
INSERT INTO records(rid,id,type,url,status,first_seen,last_seen,updated_at,cursor,content_hash,doc,sources,provenance,title,price,free,hours,format,rating,rating_count)
 VALUES(1,'c-1111111111111111','course','https://ce.example/legacy','active',100,100,100,1,'v1hash-course','{"approvals":[{"body":"APA"}],"ce_hours":3,"description":"Made by cecat 0.1","format":"on_demand","rating":{"average":4.0,"count":1},"title":"Legacy Ethics","topics":["ethics"]}','["acme"]','{"rating": {"producer": "jsonld:aggregateRating", "source": "acme", "page": "https://ce.example/legacy", "time": 100}, "title": {"producer": "jsonld:name", "source": "acme", "page": "https://ce.example/legacy", "time": 100}}','Legacy Ethics',NULL,0,3,'on_demand',4.0,1);
INSERT INTO records(rid,id,type,url,status,first_seen,last_seen,updated_at,cursor,content_hash,doc,sources,provenance)
 VALUES(2,'r-2222222222222222','review','https://reviews.example/1','active',100,100,100,2,'v1hash-review','{"author":"B","date":"2025-01-01","rating":2,"target":"c-1111111111111111","text":"meh"}','["reviews"]','{}');
INSERT INTO memberships(rid,source_id,status,missed,page,last_seen) VALUES(1,'acme','active',0,'https://ce.example/legacy',100),(2,'reviews','active',0,'https://reviews.example/1',100);
INSERT INTO record_tags(kind,value,rid) VALUES('approval','APA',1),('topic','ethics',1);
INSERT INTO records_fts(rowid,title,description,presenters,provider,topics) VALUES(1,'Legacy Ethics','Made by cecat 0.1','','','ethics'),(2,'','meh','B','','');
INSERT INTO changes(cursor,record_id,type,op,status,at) VALUES(1,'c-1111111111111111','course','upsert','active',100),(2,'r-2222222222222222','review','upsert','active',100);
PRAGMA user_version = 1;
