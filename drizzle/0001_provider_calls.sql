CREATE TABLE "provider_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid,
	"provider" varchar(50) NOT NULL,
	"model" varchar(100) NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"time_to_first_token_ms" integer,
	"duration_ms" integer NOT NULL,
	"input_tokens" integer NOT NULL,
	"output_tokens" integer NOT NULL,
	"cost_usd" numeric(14, 8) NOT NULL,
	"outcome" varchar(20) NOT NULL,
	"error_class" varchar(30)
);
--> statement-breakpoint
ALTER TABLE "provider_calls" ADD CONSTRAINT "provider_calls_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "provider_calls_conversation_started_idx" ON "provider_calls" USING btree ("conversation_id","started_at");--> statement-breakpoint
CREATE INDEX "provider_calls_started_idx" ON "provider_calls" USING btree ("started_at");