-- AlterTable
ALTER TABLE "Channel" ADD COLUMN     "dataVersion" INTEGER NOT NULL DEFAULT 0;

-- Every write to a channel's videos, snapshots or retention points bumps its "dataVersion" in the same
-- transaction, once per statement (a bulk insert of 10,000 rows is one bump): the channel cache compares
-- this number, so every process on the database sees a write at its next read, whichever code path wrote.
-- The function bodies are E'' strings with \073 for each semicolon: the PostgreSQL driver adapter splits a
-- migration at every semicolon, a dollar-quoted body included.
CREATE FUNCTION "bump_channel_data_version_by_channel"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "Channel" SET "dataVersion" = "dataVersion" + 1 WHERE "id" IN (SELECT DISTINCT "channelId" FROM changed)\073
  RETURN NULL\073
END';

CREATE FUNCTION "bump_channel_data_version_by_video"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "Channel" SET "dataVersion" = "dataVersion" + 1
  WHERE "id" IN (SELECT v."channelId" FROM "Video" v WHERE v."id" IN (SELECT DISTINCT "videoId" FROM changed))\073
  RETURN NULL\073
END';

CREATE TRIGGER "Video_insert_bumps_version" AFTER INSERT ON "Video"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "bump_channel_data_version_by_channel"();
CREATE TRIGGER "Video_update_bumps_version" AFTER UPDATE ON "Video"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "bump_channel_data_version_by_channel"();
CREATE TRIGGER "Video_delete_bumps_version" AFTER DELETE ON "Video"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "bump_channel_data_version_by_channel"();

CREATE TRIGGER "VideoSnapshot_insert_bumps_version" AFTER INSERT ON "VideoSnapshot"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "bump_channel_data_version_by_video"();
CREATE TRIGGER "VideoSnapshot_update_bumps_version" AFTER UPDATE ON "VideoSnapshot"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "bump_channel_data_version_by_video"();
CREATE TRIGGER "VideoSnapshot_delete_bumps_version" AFTER DELETE ON "VideoSnapshot"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "bump_channel_data_version_by_video"();

CREATE TRIGGER "RetentionPoint_insert_bumps_version" AFTER INSERT ON "RetentionPoint"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "bump_channel_data_version_by_video"();
CREATE TRIGGER "RetentionPoint_update_bumps_version" AFTER UPDATE ON "RetentionPoint"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "bump_channel_data_version_by_video"();
CREATE TRIGGER "RetentionPoint_delete_bumps_version" AFTER DELETE ON "RetentionPoint"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "bump_channel_data_version_by_video"();
