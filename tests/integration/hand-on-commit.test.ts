import { handOnContract } from '../contract/hand-on-contract';
import { localStore } from '../support/local-services';

describe('DynamoExecutionStore against DynamoDB Local', () => {
  handOnContract(() => localStore());
});
