import { SHORTS_MAX_DURATION_S } from '../videos/video-record.js';

/** Width and height of the embedded player, which YouTube sizes to the video's aspect ratio. */
export interface FrameSize {
  width: number;
  height: number;
}

/**
 * Whether a video is a Short: at most 180 s and, where the frame is known, vertical or square. The Data API
 * has no Shorts flag, so without a frame size a short duration is the best available guess.
 */
export function classifyShort(durationS: number | null, frame: FrameSize | null): boolean | null {
  if (durationS === null) return null;
  if (durationS <= 0 || durationS > SHORTS_MAX_DURATION_S) return false;
  return frame === null ? true : frame.height >= frame.width;
}
