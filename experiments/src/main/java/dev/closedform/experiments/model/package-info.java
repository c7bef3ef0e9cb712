/**
 * The model factories a run takes. {@link dev.closedform.experiments.model.ModelFactory} builds a backbone for a task's data;
 * {@link dev.closedform.experiments.model.ModelSpec} offers an MLP, the small CNN or a ResNet and says which update order suits
 * each. A task may imply its own model (the operator tasks' FNO), which then wins.
 */
package dev.closedform.experiments.model;
