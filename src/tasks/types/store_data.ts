import { z } from 'zod';
import { defineTask } from '../task-type';
import { findOutputWith, simulateWork, simulationParameters } from '../simulation';

export default defineTask({
  type: 'store_data',
  description: 'Sample pipeline, step 3: "stores" the latest `processed_records` at `storage_path`.',
  parameters: z.strictObject({
    storage_path: z.string().max(1024).default('/data/processed/'),
    format: z.enum(['json', 'csv', 'parquet']).default('json'),
    ...simulationParameters,
  }),
  async run({ parameters, results, signal }) {
    const source = findOutputWith(results, 'processed_records');
    if (!source) {
      return {
        status: 'failure',
        error: 'Missing processed data from previous task',
        message: 'No processed data available to store',
      };
    }
    const { failed } = await simulateWork(parameters, signal);
    if (failed) return { status: 'failure', error: 'Database connection error', message: 'Failed to store data' };
    return {
      status: 'success',
      message: 'Data stored successfully',
      output: {
        stored_records: (source.processed_records as unknown[]).length,
        storage_location: parameters.storage_path,
        storage_format: parameters.format,
      },
    };
  },
});
