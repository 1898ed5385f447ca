-- CreateIndex
CREATE INDEX "local_users_email_normalized_idx" ON "local_users" USING SPGIST ("email_normalized");

-- CreateIndex
CREATE INDEX "local_users_app_metadata_idx" ON "local_users" USING GIN ("app_metadata" jsonb_path_ops);

-- CreateIndex
CREATE INDEX "local_users_created_at_id_idx" ON "local_users"("created_at", "id");
