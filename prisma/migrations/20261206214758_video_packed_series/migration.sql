-- CreateTable
CREATE TABLE "VideoSeries" (
    "videoId" INTEGER NOT NULL,
    "snapshots" bytea,
    "retention" bytea,

    CONSTRAINT "VideoSeries_pkey" PRIMARY KEY ("videoId")
);

-- AddForeignKey
ALTER TABLE "VideoSeries" ADD CONSTRAINT "VideoSeries_videoId_fkey" FOREIGN KEY ("videoId") REFERENCES "Video"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Each video's snapshots and retention curve are kept packed as float8 bytes, so a whole-channel read takes them
-- as they are: aggregating a 10,000-video channel's 1.3 million rows at every read kept the server busy for
-- 0.6 s. The rows stay the record, and these two functions are the one definition of the packed form: every
-- takenAt (epoch ms), then every views, then every engagedViews (NaN where unknown), oldest first, and every
-- elapsedRatio, then every watchRatio, by ratio. Null when the video has none.
-- Function bodies are E'' strings with \073 for each semicolon, and comments have none: the PostgreSQL driver
-- adapter splits a migration at every semicolon (see migration channel_data_version).
CREATE FUNCTION "packed_snapshot_series"(video integer) RETURNS bytea LANGUAGE sql STABLE AS E'
  SELECT string_agg(float8send((extract(epoch FROM s."takenAt") * 1000)::float8), ''''::bytea ORDER BY s."takenAt")
      || string_agg(float8send(s."views"::float8), ''''::bytea ORDER BY s."takenAt")
      || string_agg(float8send(COALESCE(s."engagedViews"::float8, ''NaN'')), ''''::bytea ORDER BY s."takenAt")
  FROM "VideoSnapshot" s WHERE s."videoId" = video';

CREATE FUNCTION "packed_retention_series"(video integer) RETURNS bytea LANGUAGE sql STABLE AS E'
  SELECT string_agg(float8send(r."elapsedRatio"), ''''::bytea ORDER BY r."elapsedRatio")
      || string_agg(float8send(r."watchRatio"), ''''::bytea ORDER BY r."elapsedRatio")
  FROM "RetentionPoint" r WHERE r."videoId" = video';

-- Every statement that writes snapshots or retention points packs its videos again, whichever code path wrote,
-- into a table of its own, so that does not write the wide video rows (and their three indexes) a second time.
-- Videos deleted by the statement (a cascade) are skipped. An update packs the videos of the rows before and
-- after it, so a row moved to another video leaves neither stale, and marks both (the marking triggers of
-- migration video_changed_by saw only the rows after).
CREATE FUNCTION "pack_video_snapshots"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "VideoSeries" ("videoId", "snapshots")
  SELECT v."id", "packed_snapshot_series"(v."id") FROM "Video" v WHERE v."id" IN (SELECT "videoId" FROM changed)
  ON CONFLICT ("videoId") DO UPDATE SET "snapshots" = EXCLUDED."snapshots"\073
  RETURN NULL\073
END';

CREATE FUNCTION "pack_video_retention"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "VideoSeries" ("videoId", "retention")
  SELECT v."id", "packed_retention_series"(v."id") FROM "Video" v WHERE v."id" IN (SELECT "videoId" FROM changed)
  ON CONFLICT ("videoId") DO UPDATE SET "retention" = EXCLUDED."retention"\073
  RETURN NULL\073
END';

CREATE TRIGGER "VideoSnapshot_insert_packs_series" AFTER INSERT ON "VideoSnapshot"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "pack_video_snapshots"();
CREATE TRIGGER "VideoSnapshot_update_packs_new_rows" AFTER UPDATE ON "VideoSnapshot"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "pack_video_snapshots"();
CREATE TRIGGER "VideoSnapshot_update_packs_old_rows" AFTER UPDATE ON "VideoSnapshot"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "pack_video_snapshots"();
CREATE TRIGGER "VideoSnapshot_delete_packs_series" AFTER DELETE ON "VideoSnapshot"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "pack_video_snapshots"();
CREATE TRIGGER "VideoSnapshot_update_marks_old_rows" AFTER UPDATE ON "VideoSnapshot"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "bump_channel_data_version_by_video"();

CREATE TRIGGER "RetentionPoint_insert_packs_series" AFTER INSERT ON "RetentionPoint"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "pack_video_retention"();
CREATE TRIGGER "RetentionPoint_update_packs_new_rows" AFTER UPDATE ON "RetentionPoint"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "pack_video_retention"();
CREATE TRIGGER "RetentionPoint_update_packs_old_rows" AFTER UPDATE ON "RetentionPoint"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "pack_video_retention"();
CREATE TRIGGER "RetentionPoint_delete_packs_series" AFTER DELETE ON "RetentionPoint"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "pack_video_retention"();
CREATE TRIGGER "RetentionPoint_update_marks_old_rows" AFTER UPDATE ON "RetentionPoint"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "bump_channel_data_version_by_video"();

-- Back-fill: the videos stored before this migration.
INSERT INTO "VideoSeries" ("videoId", "snapshots", "retention")
SELECT "id", "packed_snapshot_series"("id"), "packed_retention_series"("id") FROM "Video";
