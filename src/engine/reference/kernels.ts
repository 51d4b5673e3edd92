import type { CpuKernels } from '../cpu/kernels';
import {
  additive_attention_backward_states,
  additive_attention_backward_weights,
  additive_attention_forward,
  attention_padding_mask,
  dot_attention_backward_states,
  dot_attention_backward_weights,
  dot_attention_forward,
} from './attention';
import { gather_batch, last_hidden, last_hidden_backward, mask_rows, sum_rows } from './batchOps';
import { dropout_mask } from './dropout';
import { grad_norm_steps } from './gradNorms';
import { gru_cell_backward_steps, gru_cell_forward_steps } from './gruCell';
import { mse_loss, softmax_cross_entropy } from './loss';
import { lstm_sequence_backward, lstm_sequence_forward } from './lstmSequence';
import { matmul } from './matmul';
import { grad_norm_sq, grad_norm_total, optimizer_update } from './optimizer';
import {
  attentional_hidden,
  attentional_hidden_backward,
  greedy_tokens,
  luong_attention_backward,
  luong_attention_forward,
  teacher_forcing,
} from './seq2seq';
import { simple_rnn_cell_backward_steps, simple_rnn_cell_forward_steps } from './simpleRnnCell';
import type { Floats } from './types';

/**
 * The reference engine's kernels for the one CPU step (cpu/model.ts): the plain-TS twins
 * themselves, over any float array (f32 in the engine, f64 in the gradient check).
 */
export const referenceKernels: CpuKernels<Floats> = {
  matmul,
  gather_batch,
  mask_rows,
  sum_rows,
  last_hidden,
  last_hidden_backward,
  dropout_mask,
  grad_norm_steps,
  softmax_cross_entropy,
  mse_loss,
  grad_norm_sq,
  grad_norm_total,
  optimizer_update,
  lstm_sequence_forward,
  lstm_sequence_backward,
  gru_cell_forward_steps,
  gru_cell_backward_steps,
  simple_rnn_cell_forward_steps,
  simple_rnn_cell_backward_steps,
  additive_attention_forward,
  additive_attention_backward_states,
  additive_attention_backward_weights,
  dot_attention_forward,
  dot_attention_backward_states,
  teacher_forcing,
  greedy_tokens,
  luong_attention_forward,
  luong_attention_backward,
  attentional_hidden,
  attentional_hidden_backward,
  dot_attention_backward_weights,
  attention_padding_mask,
};
