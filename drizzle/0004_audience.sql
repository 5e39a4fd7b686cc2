CREATE TABLE "message_reactions" (
	"message_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"emoji" varchar(16) NOT NULL,
	"count" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_reactions_message_id_emoji_pk" PRIMARY KEY("message_id","emoji")
);
--> statement-breakpoint
CREATE TABLE "round_picks" (
	"conversation_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"user_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"rivals" uuid[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "round_picks_conversation_id_round_user_id_pk" PRIMARY KEY("conversation_id","round","user_id")
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "vote_next" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "suggestion_every" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "message_reactions_conversation_idx" ON "message_reactions" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "round_picks_created_at_idx" ON "round_picks" USING btree ("created_at");