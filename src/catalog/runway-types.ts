// Shapes of the Runway catalog: which task endpoints a model has, the ratios it makes (Runway spells them as pixel
// sizes, `1280:720`), its durations, audio, and its price in credits (1 credit = $0.01).

/** The task-creating paths of the Runway API (`POST /v1/<endpoint>`) this project uses. */
export type RunwayEndpointName = 'text_to_video' | 'image_to_video' | 'video_to_video';

export interface RunwayEndpoint {
  name: RunwayEndpointName;
  /** Runway ratio (`1280:720`) → the `WIDTHxHEIGHT` it makes; empty: the output keeps the source video's frame. */
  ratios: Record<string, string>;
  /** Body fields that must be present (besides `model`). */
  required: string[];
  /** Body fields that may be present; any other key is refused, as the API's strict variants do. */
  optional: string[];
  /** `promptImage` positions accepted (image_to_video): `first` always, `last` on keyframe models. */
  positions?: Array<'first' | 'last'>;
  /** The body field carrying the source video (video_to_video). */
  sourceVideoField?: 'promptVideo' | 'videoUri';
}

export interface RunwayDurations {
  /** Allowed whole seconds; empty: the output lasts as long as the source video (no `duration` field). */
  values: number[];
  /** What the API makes when `duration` is left out. */
  default: number;
}

/** Credits per output second; `audio`/`silent` where the model's `audio` switch changes the price. */
export type RunwayPrice = { creditsPerSecond: number } | { creditsPerSecond: { audio: number; silent: number } };

export interface RunwayModelData {
  provider: 'runway';
  /** The `model` value on the wire, e.g. `gen4.5`. */
  model: string;
  description: string;
  endpoints: RunwayEndpoint[];
  durations: RunwayDurations;
  /** `null`: no audio switch (silent, or audio the model decides). */
  audio: { default: boolean } | null;
  /** Longest `promptText`, in UTF-16 code units. */
  promptTextMax: number;
  price: RunwayPrice;
  /** False when the figure is a third party's or its split is assumed; the API's `estimatedCost` is the truth. */
  priceVerified: boolean;
  priceDate: string;
  priceSource: string;
}
