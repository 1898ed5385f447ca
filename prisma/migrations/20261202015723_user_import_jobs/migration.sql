-- CreateTable
CREATE TABLE "user_import_jobs" (
    "id" UUID NOT NULL,
    "connection" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "upsert" BOOLEAN NOT NULL,
    "external_id" TEXT,
    "send_completion_email" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "user_import_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_import_chunks" (
    "job_id" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "connection_id" TEXT NOT NULL,
    "first_user" INTEGER NOT NULL,
    "users" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "file" TEXT,
    "status" TEXT NOT NULL,
    "provider_job_id" TEXT,
    "percentage_done" INTEGER,
    "inserted" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "interrupted_submissions" INTEGER NOT NULL DEFAULT 0,
    "not_before" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "submitted_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "user_import_chunks_pkey" PRIMARY KEY ("job_id","index")
);

-- CreateTable
CREATE TABLE "user_import_errors" (
    "job_id" UUID NOT NULL,
    "chunk" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "index" INTEGER,
    "user" JSONB NOT NULL,
    "errors" JSONB NOT NULL,

    CONSTRAINT "user_import_errors_pkey" PRIMARY KEY ("job_id","chunk","seq")
);

-- CreateIndex
CREATE INDEX "user_import_jobs_created_at_idx" ON "user_import_jobs"("created_at");

-- CreateIndex
CREATE INDEX "user_import_chunks_status_connection_id_idx" ON "user_import_chunks"("status", "connection_id");

-- CreateIndex
CREATE INDEX "user_import_errors_job_id_index_idx" ON "user_import_errors"("job_id", "index");

-- AddForeignKey
ALTER TABLE "user_import_chunks" ADD CONSTRAINT "user_import_chunks_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "user_import_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_import_errors" ADD CONSTRAINT "user_import_errors_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "user_import_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
