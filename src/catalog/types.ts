// Shapes of the model catalog: which sizes and durations a model takes, what it costs, how fast it may be called.
export interface ModelData {
  /** Allowed `WIDTHxHEIGHT` sizes. */
  sizes: string[];
  /** Allowed durations in whole seconds. */
  seconds: number[];
  /** Accepts an `input_reference` image. */
  reference: boolean;
  /** Can be remixed (`POST /videos/{id}/remix`). */
  remix: boolean;
  /** USD per generated second, by size. A size without a price cannot be planned (fail closed). */
  pricePerSecondUsd: Record<string, number>;
  /** Requests per minute allowed by the provider for this model (tier 1 for the built-ins). */
  rpm: number;
  description?: string;
}

export interface CatalogData {
  /** Date the prices were read (YYYY-MM-DD). */
  priceDate: string;
  /** Where the prices come from. */
  priceSource: string;
  models: Record<string, ModelData>;
}
