-- CreateEnum
CREATE TYPE "ExperimentStatus" AS ENUM ('running', 'stopped');

-- CreateTable
CREATE TABLE "Experiment" (
    "id" SERIAL NOT NULL,
    "channelId" INTEGER NOT NULL,
    "dimension" TEXT NOT NULL,
    "variantA" TEXT NOT NULL,
    "variantB" TEXT NOT NULL,
    "status" "ExperimentStatus" NOT NULL DEFAULT 'running',
    "decision" TEXT,
    "pairs" INTEGER NOT NULL DEFAULT 0,
    "meanDifference" DOUBLE PRECISION,
    "pValue" DOUBLE PRECISION,
    "platform" "Platform",
    "roomId" TEXT,
    "threadRef" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stoppedAt" TIMESTAMP(3),

    CONSTRAINT "Experiment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExperimentArm" (
    "id" SERIAL NOT NULL,
    "experimentId" INTEGER NOT NULL,
    "scriptId" INTEGER NOT NULL,
    "variant" TEXT NOT NULL,
    "pair" INTEGER NOT NULL,

    CONSTRAINT "ExperimentArm_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ExperimentArm_scriptId_key" ON "ExperimentArm"("scriptId");

-- AddForeignKey
ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentArm" ADD CONSTRAINT "ExperimentArm_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentArm" ADD CONSTRAINT "ExperimentArm_scriptId_fkey" FOREIGN KEY ("scriptId") REFERENCES "GeneratedScript"("id") ON DELETE CASCADE ON UPDATE CASCADE;
