-- CreateTable
CREATE TABLE "local_import_jobs" (
    "id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "connection" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "upsert" BOOLEAN NOT NULL DEFAULT false,
    "external_id" TEXT,
    "send_completion_email" BOOLEAN NOT NULL DEFAULT true,
    "users" JSONB NOT NULL,
    "total" INTEGER NOT NULL,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "inserted" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "failure_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "local_import_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "local_import_job_errors" (
    "job_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "user" JSONB NOT NULL,
    "errors" JSONB NOT NULL,

    CONSTRAINT "local_import_job_errors_pkey" PRIMARY KEY ("job_id","position")
);

-- CreateIndex
CREATE INDEX "local_import_jobs_status_idx" ON "local_import_jobs"("status");

-- CreateIndex
CREATE INDEX "local_import_jobs_created_at_idx" ON "local_import_jobs"("created_at");

-- AddForeignKey
ALTER TABLE "local_import_job_errors" ADD CONSTRAINT "local_import_job_errors_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "local_import_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
