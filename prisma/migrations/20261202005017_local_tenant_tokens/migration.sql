-- CreateTable
CREATE TABLE "local_signing_keys" (
    "kid" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL DEFAULT 'RS256',
    "status" TEXT NOT NULL,
    "public_jwk" JSONB NOT NULL,
    "private_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activated_at" TIMESTAMPTZ(3),
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "local_signing_keys_pkey" PRIMARY KEY ("kid")
);

-- CreateTable
CREATE TABLE "local_refresh_tokens" (
    "id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "family_id" UUID NOT NULL,
    "counter" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "audience" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "rotated_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "local_refresh_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "local_authorization_codes" (
    "code_hash" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "redirect_uri" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "connection" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "audience" TEXT,
    "nonce" TEXT,
    "code_challenge" TEXT,
    "code_challenge_method" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "refresh_family_id" UUID,

    CONSTRAINT "local_authorization_codes_pkey" PRIMARY KEY ("code_hash")
);

-- CreateTable
CREATE TABLE "local_login_failures" (
    "subject" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "last_failure_at" TIMESTAMPTZ(3) NOT NULL,
    "blocked_at" TIMESTAMPTZ(3),

    CONSTRAINT "local_login_failures_pkey" PRIMARY KEY ("subject","ip")
);

-- CreateIndex
CREATE INDEX "local_signing_keys_status_idx" ON "local_signing_keys"("status");

-- CreateIndex
CREATE UNIQUE INDEX "local_refresh_tokens_token_hash_key" ON "local_refresh_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "local_refresh_tokens_family_id_idx" ON "local_refresh_tokens"("family_id");

-- CreateIndex
CREATE INDEX "local_refresh_tokens_user_id_idx" ON "local_refresh_tokens"("user_id");

-- CreateIndex
CREATE INDEX "local_refresh_tokens_expires_at_idx" ON "local_refresh_tokens"("expires_at");

-- CreateIndex
CREATE INDEX "local_authorization_codes_expires_at_idx" ON "local_authorization_codes"("expires_at");

-- CreateIndex
CREATE INDEX "local_login_failures_last_failure_at_idx" ON "local_login_failures"("last_failure_at");

-- AddForeignKey
ALTER TABLE "local_refresh_tokens" ADD CONSTRAINT "local_refresh_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "local_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "local_authorization_codes" ADD CONSTRAINT "local_authorization_codes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "local_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
