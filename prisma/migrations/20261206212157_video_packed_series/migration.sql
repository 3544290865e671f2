-- AlterTable
ALTER TABLE "Video" ADD COLUMN     "retentionSeries" bytea,
ADD COLUMN     "snapshotSeries" bytea;

-- Each video carries its snapshots and its retention curve packed as float8 bytes, so a whole-channel read takes
-- them as they are: aggregating a 10,000-video channel's 1.3 million rows at every read kept the server busy for
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

-- Every statement that writes snapshots or retention points packs its videos again, whichever code path wrote.
-- That update of "Video" also marks the videos changed ("changedBy") and bumps their channels' "dataVersion"
-- through the video triggers, which is all the triggers these replace did. An update runs it on the rows before
-- and after, so a row moved to another video leaves neither stale.
CREATE FUNCTION "pack_video_snapshots"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "Video" SET "snapshotSeries" = "packed_snapshot_series"("id")
  WHERE "id" IN (SELECT DISTINCT "videoId" FROM changed)\073
  RETURN NULL\073
END';

CREATE FUNCTION "pack_video_retention"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "Video" SET "retentionSeries" = "packed_retention_series"("id")
  WHERE "id" IN (SELECT DISTINCT "videoId" FROM changed)\073
  RETURN NULL\073
END';

DROP TRIGGER "VideoSnapshot_insert_bumps_version" ON "VideoSnapshot";
DROP TRIGGER "VideoSnapshot_update_bumps_version" ON "VideoSnapshot";
DROP TRIGGER "VideoSnapshot_delete_bumps_version" ON "VideoSnapshot";
DROP TRIGGER "RetentionPoint_insert_bumps_version" ON "RetentionPoint";
DROP TRIGGER "RetentionPoint_update_bumps_version" ON "RetentionPoint";
DROP TRIGGER "RetentionPoint_delete_bumps_version" ON "RetentionPoint";
DROP FUNCTION "bump_channel_data_version_by_video"();

CREATE TRIGGER "VideoSnapshot_insert_packs_series" AFTER INSERT ON "VideoSnapshot"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "pack_video_snapshots"();
CREATE TRIGGER "VideoSnapshot_update_packs_new_rows" AFTER UPDATE ON "VideoSnapshot"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "pack_video_snapshots"();
CREATE TRIGGER "VideoSnapshot_update_packs_old_rows" AFTER UPDATE ON "VideoSnapshot"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "pack_video_snapshots"();
CREATE TRIGGER "VideoSnapshot_delete_packs_series" AFTER DELETE ON "VideoSnapshot"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "pack_video_snapshots"();

CREATE TRIGGER "RetentionPoint_insert_packs_series" AFTER INSERT ON "RetentionPoint"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "pack_video_retention"();
CREATE TRIGGER "RetentionPoint_update_packs_new_rows" AFTER UPDATE ON "RetentionPoint"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "pack_video_retention"();
CREATE TRIGGER "RetentionPoint_update_packs_old_rows" AFTER UPDATE ON "RetentionPoint"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "pack_video_retention"();
CREATE TRIGGER "RetentionPoint_delete_packs_series" AFTER DELETE ON "RetentionPoint"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "pack_video_retention"();

-- Back-fill: the videos stored before this migration.
UPDATE "Video" SET "snapshotSeries" = "packed_snapshot_series"("id"), "retentionSeries" = "packed_retention_series"("id");
