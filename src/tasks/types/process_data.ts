import { z } from 'zod';
import { defineTask } from '../task-type';
import { findOutputWith, simulateWork, simulationParameters } from '../simulation';

interface SampleRecord {
  id?: unknown;
  value?: unknown;
  [key: string]: unknown;
}

export default defineTask({
  type: 'process_data',
  description: 'Sample pipeline, step 2: transforms the records of the latest task that produced `records`.',
  parameters: z.strictObject({
    method: z.string().max(256).default('standard'),
    ...simulationParameters,
  }),
  async run({ parameters, results, input, signal }) {
    const source = findOutputWith(results, 'records') ?? (Array.isArray(input.records) ? input : undefined);
    if (!source) {
      return {
        status: 'failure',
        error: 'Missing input data from previous task',
        message: 'No data available to process',
      };
    }
    const { failed } = await simulateWork(parameters, signal);
    if (failed) return { status: 'failure', error: 'Processing algorithm error', message: 'Data processing failed' };
    const records = source.records as SampleRecord[];
    const valueOf = (r: SampleRecord) => (typeof r.value === 'number' ? r.value : 0);
    return {
      status: 'success',
      message: 'Data processed successfully',
      output: {
        processed_records: records.map((r) => ({
          ...r,
          processed: true,
          doubled_value: valueOf(r) * 2,
          category: valueOf(r) > 150 ? 'high' : 'low',
        })),
        summary: {
          total_records: records.length,
          total_value: records.reduce((sum, r) => sum + valueOf(r), 0),
          processing_method: parameters.method,
        },
      },
    };
  },
});
