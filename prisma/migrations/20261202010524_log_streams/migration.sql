-- CreateTable
CREATE TABLE "log_events" (
    "date" TIMESTAMPTZ(3) NOT NULL,
    "log_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "description" TEXT,
    "user_id" TEXT,
    "user_name" TEXT,
    "client_id" TEXT,
    "client_name" TEXT,
    "connection" TEXT,
    "ip" TEXT,
    "user_agent" TEXT,
    "hostname" TEXT,
    "country" TEXT,
    "stream" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "data" JSONB NOT NULL,

    CONSTRAINT "log_events_pkey" PRIMARY KEY ("date","log_id")
) PARTITION BY RANGE ("date");

-- Partitions, written by hand (Prisma describes the parent table only). The service creates the
-- monthly partitions ("log_events_yYYYYmMM") ahead of time and drops them past the retention; events
-- dated outside every monthly partition land in the default one until their month gets a partition.
CREATE TABLE "log_events_default" PARTITION OF "log_events" DEFAULT;

-- CreateTable
CREATE TABLE "log_event_keys" (
    "log_id" TEXT NOT NULL,
    "date" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "log_event_keys_pkey" PRIMARY KEY ("log_id")
);

-- CreateTable
CREATE TABLE "log_event_quarantine" (
    "id" BIGSERIAL NOT NULL,
    "stream" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "position" TEXT NOT NULL,
    "log_id" TEXT,
    "raw" TEXT NOT NULL,

    CONSTRAINT "log_event_quarantine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "log_event_outbox" (
    "id" BIGSERIAL NOT NULL,
    "sink" TEXT NOT NULL,
    "log_id" TEXT NOT NULL,
    "event_date" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "log_event_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "log_event_dead_letters" (
    "id" BIGINT NOT NULL,
    "sink" TEXT NOT NULL,
    "log_id" TEXT NOT NULL,
    "event_date" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "dead_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "log_event_dead_letters_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "log_events_user_id_date_idx" ON "log_events"("user_id", "date");

-- CreateIndex
CREATE INDEX "log_events_type_date_idx" ON "log_events"("type", "date");

-- CreateIndex
CREATE INDEX "log_events_category_date_idx" ON "log_events"("category", "date");

-- CreateIndex
CREATE INDEX "log_events_ip_date_idx" ON "log_events"("ip", "date");

-- CreateIndex
CREATE INDEX "log_events_client_id_date_idx" ON "log_events"("client_id", "date");

-- CreateIndex
CREATE INDEX "log_event_keys_date_idx" ON "log_event_keys" USING BRIN ("date");

-- CreateIndex
CREATE INDEX "log_event_quarantine_received_at_idx" ON "log_event_quarantine"("received_at");

-- CreateIndex
CREATE INDEX "log_event_outbox_next_attempt_at_idx" ON "log_event_outbox"("next_attempt_at");

-- CreateIndex
CREATE INDEX "log_event_outbox_sink_created_at_idx" ON "log_event_outbox"("sink", "created_at");

-- CreateIndex
CREATE INDEX "log_event_dead_letters_sink_dead_at_idx" ON "log_event_dead_letters"("sink", "dead_at");
