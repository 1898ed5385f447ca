-- CreateTable
CREATE TABLE "local_users" (
    "id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "connection" TEXT NOT NULL,
    "email" TEXT,
    "email_normalized" TEXT,
    "email_verified" BOOLEAN NOT NULL DEFAULT false,
    "username" TEXT,
    "username_normalized" TEXT,
    "name" TEXT,
    "given_name" TEXT,
    "family_name" TEXT,
    "nickname" TEXT,
    "picture" TEXT,
    "phone_number" TEXT,
    "blocked" BOOLEAN NOT NULL DEFAULT false,
    "app_metadata" JSONB NOT NULL DEFAULT '{}',
    "user_metadata" JSONB NOT NULL DEFAULT '{}',
    "password_hash" TEXT,
    "custom_password_hash" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "last_login" TIMESTAMPTZ(3),
    "last_ip" TEXT,
    "logins_count" INTEGER NOT NULL DEFAULT 0,
    "last_password_reset" TIMESTAMPTZ(3),

    CONSTRAINT "local_users_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "local_users_connection_id_email_normalized_key" ON "local_users"("connection_id", "email_normalized");

-- CreateIndex
CREATE UNIQUE INDEX "local_users_connection_id_username_normalized_key" ON "local_users"("connection_id", "username_normalized");
