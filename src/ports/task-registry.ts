import type { TaskType } from '../tasks/task-type';

/** Task registry port: the task types a deployment runs, looked up by the name flows use in `task_type`. */
export interface TaskRegistry {
  get(type: string): TaskType | undefined;
  names(): string[];
}
