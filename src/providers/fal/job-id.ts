// A fal job id that names everything later calls need: `fal:<endpoint id>:<request id>`, so retrieve, download,
// cancel and a resumed run need no other state (status and result go to the endpoint's `owner/alias`).

export const falJobPrefix = 'fal:';

export interface FalJobRef {
  endpointId: string;
  requestId: string;
}

export function falJobId(ref: FalJobRef): string {
  return `${falJobPrefix}${ref.endpointId}:${ref.requestId}`;
}

/** The parts of a fal job id, or undefined for anything else (an OpenAI `video_…` id, a mangled string). */
export function parseFalJobId(id: string): FalJobRef | undefined {
  if (!id.startsWith(falJobPrefix)) return undefined;
  const rest = id.slice(falJobPrefix.length);
  const cut = rest.lastIndexOf(':');
  const endpointId = rest.slice(0, cut);
  const requestId = rest.slice(cut + 1);
  if (cut <= 0 || !/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)+$/.test(endpointId) || !/^[A-Za-z0-9-]+$/.test(requestId)) return undefined;
  return { endpointId, requestId };
}
