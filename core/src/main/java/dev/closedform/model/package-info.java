/**
 * Backbones and the model. {@link dev.closedform.model.LastLayerModel} is a
 * {@link dev.closedform.model.Backbone} (any DJL {@code Block} with its input and feature widths) plus the
 * last layer {@code W}, whose bias is the last column; it owns its native memory. Built-in backbones:
 * {@link dev.closedform.model.Mlp}, {@link dev.closedform.model.ConvNets} (a small CNN and CIFAR-style
 * ResNets, with {@link dev.closedform.model.RandomCropFlip} augmentation) and
 * {@link dev.closedform.model.FnoBlock} / {@link dev.closedform.model.FnoConfig}, Fourier neural operators
 * whose head rows are (sample, grid point) pairs. Blocks that draw random numbers implement
 * {@link dev.closedform.model.StepSeeded}, so the loop can reseed them before every step.
 */
package dev.closedform.model;
