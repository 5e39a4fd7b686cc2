/** The room's audience for its message bubbles (their reactions, the open pick), given by the room page; without it a bubble shows neither. */
import { createContext, useContext } from 'solid-js';
import type { AudienceRoom } from '../../stores/audience-actions.ts';

/** The room page's audience, for its bubbles. */
export const AudienceContext = createContext<AudienceRoom>();

/** The audience of the room page around, or undefined outside one. */
export function useBubbleAudience(): AudienceRoom | undefined {
  return useContext(AudienceContext);
}
