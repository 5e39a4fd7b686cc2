CREATE TABLE "sessions" (
	"id" varchar(64) PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "personas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" varchar(50) NOT NULL,
	"display_name" varchar(60) NOT NULL,
	"system_prompt" text NOT NULL,
	"temperature" double precision NOT NULL,
	"style" varchar(40) NOT NULL,
	"avg_length" integer NOT NULL,
	"traits" text[] NOT NULL,
	"avatar" varchar(16) NOT NULL,
	"color" varchar(7) NOT NULL,
	"default_provider" varchar(50) NOT NULL,
	"default_model" varchar(100) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "password_hash" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "topic" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "visibility" varchar(20) DEFAULT 'public' NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "status" varchar(20) DEFAULT 'idle' NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "max_turns" integer DEFAULT 20 NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "budget_usd" double precision DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "reply_cache" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personas" ADD CONSTRAINT "personas_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_user_id_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "personas_user_id_name_idx" ON "personas" USING btree ("user_id","name");--> statement-breakpoint
CREATE INDEX "conversations_lobby_idx" ON "conversations" USING btree ("visibility","created_at","id");--> statement-breakpoint
CREATE INDEX "conversations_user_id_idx" ON "conversations" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "messages_conversation_order_idx" ON "messages" USING btree ("conversation_id","message_order");