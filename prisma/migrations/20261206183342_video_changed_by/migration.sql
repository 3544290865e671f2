-- AlterTable
-- Rows from before this migration keep NULL ("unchanged since"): no cache can be older than the migration, and
-- a volatile default on ADD COLUMN would rewrite the whole table.
ALTER TABLE "Video" ADD COLUMN     "changedBy" xid8;
ALTER TABLE "Video" ALTER COLUMN "changedBy" SET DEFAULT pg_current_xact_id();

-- "changedBy" is the transaction that last wrote the video, one of its snapshots or one of its retention points.
-- A reader that remembers the snapshot (pg_current_snapshot) its copy was read after re-reads only the videos
-- whose "changedBy" that snapshot does not see: committed since, or still running then. Transaction ids, unlike
-- a counter or a clock, need no care about writers that commit in another order than they started.
-- Function bodies are E'' strings with \073 for each semicolon, and comments have none: the PostgreSQL driver
-- adapter splits a migration at every semicolon (see migration channel_data_version).
CREATE FUNCTION "mark_video_changed"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  NEW."changedBy" := pg_current_xact_id()\073
  RETURN NEW\073
END';

CREATE TRIGGER "Video_update_marks_change" BEFORE UPDATE ON "Video"
  FOR EACH ROW EXECUTE FUNCTION "mark_video_changed"();

-- A write to snapshots or retention points now marks their videos, and that update of "Video" bumps the channel's
-- "dataVersion" through the video triggers. Videos this transaction already wrote are left alone (an import
-- writes videos, then their snapshots): their mark is already this transaction, and so is a bump.
CREATE OR REPLACE FUNCTION "bump_channel_data_version_by_video"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "Video" SET "changedBy" = pg_current_xact_id()
  WHERE "id" IN (SELECT DISTINCT "videoId" FROM changed) AND "changedBy" IS DISTINCT FROM pg_current_xact_id()\073
  RETURN NULL\073
END';
