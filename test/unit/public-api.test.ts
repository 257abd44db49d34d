// The package's public entry: pin what a library user can import, so a rename is a conscious, visible change.
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';

describe('public API', () => {
  it('exports the pipeline stages a library user composes', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'ExitCode',
        'RenderError',
        'RenderErrors',
        'buildReport',
        'builtinCatalog',
        'checkStoryboardFile',
        'createOpenAIVideosProvider',
        'effectiveCapMicro',
        'errorCodes',
        'executeShots',
        'fitImage',
        'formatRenderError',
        'isRenderError',
        'loadStoryboard',
        'locateFfmpeg',
        'makeContactSheet',
        'mergeCatalog',
        'planStoryboard',
        'probeClip',
        'providerIdentity',
        'renderReportHtml',
        'renderStoryboard',
        'resolveBaseUrl',
        'shotCostMicro',
        'startSimulator',
        'stitchCut',
        'stitchFromCache',
        'verifyVideoFile',
        'writeReport',
      ].sort(),
    );
  });
});
