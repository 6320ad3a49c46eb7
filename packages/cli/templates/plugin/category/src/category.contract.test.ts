import { ruleCategoryContract } from '@dq/testing';
import plugin from './index.js';

ruleCategoryContract(plugin);
