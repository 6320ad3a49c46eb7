/** The six retail feeds and their columns, in file order. Loaders and rules rely on these names. */
export const feeds = {
  customers: {
    name: 'crm_customers',
    columns: [
      'customer_id',
      'first_name',
      'last_name',
      'email',
      'phone_number',
      'date_of_birth',
      'gender',
      'address',
      'city',
      'state',
      'postal_code',
      'country',
      'registration_date',
      'customer_segment',
      'account_status',
    ],
  },
  products: {
    name: 'products',
    columns: [
      'product_id',
      'product_name',
      'product_category',
      'product_subcategory',
      'brand',
      'unit_cost',
      'retail_price',
      'product_status',
    ],
  },
  transactions: {
    name: 'ecom_transactions',
    columns: [
      'transaction_id',
      'customer_id',
      'transaction_date',
      'order_number',
      'payment_method',
      'payment_status',
      'total_amount',
      'discount_amount',
      'tax_amount',
      'shipping_amount',
      'currency_code',
    ],
  },
  items: {
    name: 'ecom_transaction_items',
    columns: [
      'transaction_item_id',
      'transaction_id',
      'product_id',
      'quantity',
      'unit_price',
      'line_total',
      'discount_amount',
    ],
  },
  campaigns: {
    name: 'marketing_campaigns',
    columns: [
      'campaign_id',
      'campaign_name',
      'campaign_channel',
      'start_date',
      'end_date',
      'budget_amount',
      'target_audience',
    ],
  },
  responses: {
    name: 'campaign_responses',
    columns: [
      'response_id',
      'campaign_id',
      'customer_id',
      'response_date',
      'response_type',
      'conversion_value',
    ],
  },
} as const satisfies Record<string, FeedSpec>;

export interface FeedSpec {
  readonly name: string;
  readonly columns: readonly string[];
}

/** The position of a column, checked at compile time against the feed's header. */
export function columnIndex<F extends FeedSpec>(feed: F, column: F['columns'][number]): number {
  return feed.columns.indexOf(column);
}
