import { z } from 'zod';
import { defineTask } from '../task-type';
import { simulateWork, simulationParameters } from '../simulation';

export default defineTask({
  type: 'fetch_data',
  description: 'Sample pipeline, step 1: "fetches" a few records from `data_source`.',
  errorCodes: ['ConnectionTimeout'],
  parameters: z.strictObject({
    data_source: z.string().max(256).default('default_api'),
    ...simulationParameters,
  }),
  async run({ parameters, signal }) {
    const { failed } = await simulateWork(parameters, signal);
    if (failed)
      return {
        status: 'failure',
        error: 'Connection timeout',
        error_code: 'ConnectionTimeout',
        message: 'Failed to fetch data from external source',
      };
    return {
      status: 'success',
      message: 'Successfully fetched data',
      output: {
        source: parameters.data_source,
        records: [
          { id: 1, name: 'Item 1', value: 100 },
          { id: 2, name: 'Item 2', value: 200 },
          { id: 3, name: 'Item 3', value: 300 },
        ],
        total_count: 3,
      },
    };
  },
});
